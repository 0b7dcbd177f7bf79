// The first use of Intl in a page's process loads the ICU data, which takes Chromium 50–500 ms
// (more on a busy machine). The shop and the checkout format prices soon after the page loads:
// this worker pays that cost off the main thread first, then ends.
new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(1);
new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(1);
Intl.supportedValuesOf('currency');
close();
