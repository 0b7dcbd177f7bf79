import { chaosShard } from './suite.js';

chaosShard(3);
