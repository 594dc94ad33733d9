// sources/deck/: the decK kong.yaml configuration source — decK's env templating, entity
// parsing with Kong's defaults, validation naming file/entity/field, reload on change.
export { DeckConfigError, DeckSource, loadDeckFile, type DeckSourceOptions } from './source.js';
export { parseDeck, type DeckContent, type DeckParse } from './parse.js';
export { renderDeckTemplate, type Rendered, type TemplateError } from './template.js';
