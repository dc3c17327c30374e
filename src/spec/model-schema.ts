import { z } from 'zod';
import { expressionModelSchema, type ExpressionModelSpec } from '../models/expression/spec-schema.js';
import { henonModelSchema, type HenonModelSpec } from '../models/henon/spec-schema.js';
import { logisticModelSchema, type LogisticModelSpec } from '../models/logistic/spec-schema.js';
import { mlpModelSchema } from '../models/mlp/spec-schema.js';
import { uvModelSchema } from '../models/uv/spec-schema.js';

export type { UvModelSpec } from '../models/uv/spec-schema.js';

/** Any model a spec can name; `kind` selects the schema. A new kind adds its schema here. */
export const modelSchema = z.discriminatedUnion('kind', [
  uvModelSchema,
  logisticModelSchema,
  henonModelSchema,
  expressionModelSchema,
  mlpModelSchema,
]);
export type ModelSpec = z.output<typeof modelSchema>;

/** The kinds run by the generic discrete-map engine. */
export type GenericModelSpec = LogisticModelSpec | HenonModelSpec | ExpressionModelSpec;
