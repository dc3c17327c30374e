import type { ModelKind } from '../../kind/model-kind.js';
import { discreteMapModelKind } from '../discrete-map-kind.js';
import { logisticDefinition } from './definition.js';
import { logisticKind } from './kind.js';

export const logisticModelKind: ModelKind = discreteMapModelKind('logistic', logisticKind, logisticDefinition);
