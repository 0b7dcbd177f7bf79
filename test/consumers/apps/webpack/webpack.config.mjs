// webpack 5 as it comes: no loaders at all, so the package must be plain JavaScript.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  context: fileURLToPath(new URL('.', import.meta.url)),
  entry: './src/index.js',
  output: { path: fileURLToPath(new URL('./dist/', import.meta.url)), filename: '[name].[contenthash].js', clean: true },
};
