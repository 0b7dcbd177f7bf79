/** Every catalogue at once, for tests and tools (the element loads them one by one). */
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import type { Lang, Messages } from './index.js';

export const allCatalogues = { fr, en, de, es, it, nl } as const satisfies Record<Lang, Messages>;
