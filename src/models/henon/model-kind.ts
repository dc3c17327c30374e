import type { ModelKind } from '../../kind/model-kind.js';
import { discreteMapModelKind } from '../discrete-map-kind.js';
import { henonDefinition } from './definition.js';
import { henonKind } from './kind.js';

export const henonModelKind: ModelKind = discreteMapModelKind('henon', henonKind, henonDefinition);
