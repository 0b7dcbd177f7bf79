// The merchant API runs beside the shop (relais-server); the shop forwards /checkout/* to it,
// so the element's `endpoint` stays same-origin. RELAIS_API is read per request.
const HOP_BY_HOP = ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'];

async function forward(request) {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  for (const name of HOP_BY_HOP) headers.delete(name);
  const answer = await fetch(new URL(url.pathname + url.search, process.env.RELAIS_API), {
    method: request.method,
    headers,
    body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
    redirect: 'manual',
  });
  const out = new Headers(answer.headers);
  for (const name of [...HOP_BY_HOP, 'content-encoding']) out.delete(name);
  return new Response(answer.body, { status: answer.status, headers: out });
}

export { forward as GET, forward as POST, forward as PUT, forward as DELETE, forward as HEAD };
