// `node build.mjs`: webpack's Node API (no webpack-cli), then the page naming the hashed entry.
import { readFileSync, writeFileSync } from 'node:fs';
import webpack from 'webpack';
import config from './webpack.config.mjs';

const stats = await new Promise((resolve, reject) => webpack(config, (error, result) => (error ? reject(error) : resolve(result))));
if (stats.hasErrors()) {
  console.error(stats.toString({ colors: false, all: false, errors: true }));
  process.exit(1);
}
const entry = stats.toJson({ all: false, entrypoints: true }).entrypoints.main.assets[0].name;
const page = readFileSync(new URL('./index.html', import.meta.url), 'utf8').replace('ENTRY', entry);
writeFileSync(new URL(`${config.output.path}/index.html`, 'file://'), page);
console.log(stats.toString({ colors: false, assets: true, modules: false, children: false }).split('\n').slice(0, 12).join('\n'));
