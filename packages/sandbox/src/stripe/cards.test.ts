import { expect } from '@open-wc/testing';
import { formatExpiry, formatNumber, luhnValid, paymentMethodFor, validateCard } from './cards.js';

describe('sandbox card rules', () => {
  it('maps each README test card, any other Luhn-valid number to pm_card_visa, and the rest to nothing', () => {
    expect(paymentMethodFor('4000 0027 6000 3184')).to.equal('pm_card_authenticationRequired');
    expect(paymentMethodFor('4000000000000119')).to.equal('pm_card_chargeDeclinedProcessingError');
    expect(paymentMethodFor('5555 5555 5555 4444')).to.equal('pm_card_visa');
    expect(paymentMethodFor('4242 4242 4242 4241')).to.equal(null);
    expect(luhnValid('')).to.equal(false);
  });

  it('validates expiry against today', () => {
    const now = new Date(2030, 5, 15);
    const card = { number: '4242424242424242', cvc: '123' };
    expect(validateCard({ ...card, expiry: '05 / 30' }, now)?.code).to.equal('invalid_expiry_month_past');
    expect(validateCard({ ...card, expiry: '13 / 31' }, now)?.code).to.equal('invalid_expiry_month');
    expect(validateCard({ ...card, expiry: '06 / 30' }, now)).to.equal(null);
  });

  it('American Express wants 15 digits and a 4-digit CVC', () => {
    const now = new Date(2030, 0, 1);
    expect(validateCard({ number: '378282246310005', expiry: '1231', cvc: '123' }, now)?.code).to.equal('incomplete_cvc');
    expect(validateCard({ number: '378282246310005', expiry: '1231', cvc: '1234' }, now)).to.equal(null);
  });

  it('formats as the shopper types', () => {
    expect(formatNumber('42424242x42424')).to.equal('4242 4242 4242 4');
    expect(formatExpiry('1234')).to.equal('12 / 34');
    expect(formatExpiry('1')).to.equal('1');
  });
});
