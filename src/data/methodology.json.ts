// Data loader: the methodology, generated from the configuration the pipeline
// uses (advocacy.config.yaml, or ADVOCACY_CONFIG set by `pipeline run --config`) and its definitions. No data is read.
import { loadConfig } from '../../pipeline/config.ts';
import { methodologyDocument } from '../../pipeline/publish/methodology.ts';

process.stdout.write(JSON.stringify(methodologyDocument(loadConfig(process.env.ADVOCACY_CONFIG || undefined))));
