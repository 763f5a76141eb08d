// @ts-check
// Data loader of one organisation's page (route /organisations/<org>): its published rates.
import { writeScope } from '../data/scope-file.js';

writeScope('organisation', 'org');
