/**
 * The demo's merchant pages (the dashboard, the drill) read the admin routes of the merchant API
 * (`GET /checkout/orders`, `/events`, `/report`) with the bearer token the outage lab made up for
 * this server start. The lab hands it out at `/__lab/admin-token`, which only exists in the
 * sandbox demo: a real shop keeps its token on its server and its admin pages behind a login.
 */
let token: Promise<string> | undefined;

function labToken(): Promise<string> {
  token ??= fetch('/__lab/admin-token', { cache: 'no-store' }).then(async (response) => {
    if (!response.ok) throw new Error(`the lab's admin token answered ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  });
  token.catch(() => (token = undefined)); // the next call asks again
  return token;
}

/** GET an admin route with the lab's token; a server restarted since (new token) is asked again. */
export async function adminFetch(url: string): Promise<Response> {
  const send = async () => fetch(url, { cache: 'no-store', headers: { authorization: `Bearer ${await labToken()}` } });
  const response = await send();
  if (response.status !== 401) return response;
  token = undefined;
  return send();
}
