// common/: the vocabulary every part shares and nothing else — attribute paths, diagnostics.
// Imports nothing from the rest of src/.
export { AttributePath, AttributePathError, type PathStep } from './attribute-path.js';
export { Diagnostics, type Diagnostic, type Severity } from './diagnostics.js';
