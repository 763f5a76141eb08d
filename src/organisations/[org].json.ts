// Data loader of one organisation's page (route /organisations/<org>): its published rates.
import { writeScope } from '../data/scope-file.ts';

writeScope('organisation', 'org');
