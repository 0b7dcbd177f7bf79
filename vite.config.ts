// `npm start`: the demo shop on Vite's dev server, with the reference merchant API
// (@relais/server) mounted at /checkout and its orders in a SQLite file under .data/.
import { createRelaisHandler, openOrderStore, toNodeListener, withFaults } from '@relais/server';
import { defineConfig, type Plugin } from 'vite';

function relaisApi(basePath = '/checkout'): Plugin {
  return {
    name: 'relais-api',
    configureServer(server) {
      const store = openOrderStore(process.env.RELAIS_DB ?? '.data/relais.sqlite');
      const { handler } = withFaults(createRelaisHandler({ store, basePath }), { basePath });
      const listener = toNodeListener(handler);
      server.middlewares.use((req, res, next) => {
        if (req.url === basePath || req.url?.startsWith(`${basePath}/`)) listener(req, res, next);
        else next();
      });
      server.httpServer?.on('close', () => store.close());
    },
  };
}

export default defineConfig({
  root: 'demo',
  publicDir: '../public',
  plugins: [relaisApi()],
  define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
