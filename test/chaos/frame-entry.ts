// The shop page of a chaos journey: the element as a merchant's page loads it, nothing else.
import '@relais/checkout';
