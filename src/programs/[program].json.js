// @ts-check
// Data loader of one program's page (route /programs/<org>~<program>): its published rates.
import { writeScope } from '../data/scope-file.js';

writeScope('program', 'program');
