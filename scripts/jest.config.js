// Tests of the repository itself (its workflows, templates and docs), not of one package.
import { jestConfig } from '../jest.preset.js';
export default jestConfig(import.meta.dirname);
