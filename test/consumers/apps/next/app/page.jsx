import { Checkout } from './checkout.jsx';

// Rendered on the server for every request: the smoke test reads that HTML before any script runs.
export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <h1>Next.js shop</h1>
      <Checkout />
    </main>
  );
}
