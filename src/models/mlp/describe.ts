import { formatNumber } from '../../render/style.js';
import type { MlpModelSpec } from './spec-schema.js';

/** One line for figure subtitles and logs: architecture, parameterisation and data. */
export function describeMlp(model: MlpModelSpec, swept?: string): string {
  const hidden = swept === 'width' ? 'width swept' : `hidden ${model.layers.join('×')}`;
  const parts = [`mlp ${hidden}, ${model.activation}${model.bias ? '' : ', no bias'}`, `${model.parameterization} param.`];
  if (model.loss === 'cross-entropy') parts.push('cross-entropy');
  if (swept !== 'multiplier') parts.push(`γ = ${formatNumber(model.multiplier)}`);
  if (swept !== 'initScale' && model.init.scale !== 1) parts.push(`init scale ${formatNumber(model.init.scale)}`);
  const data = model.data;
  if (data.dataset === 'digits') {
    const classes = data.classes === 'all' ? 'all digits' : `digits ${data.classes.join('/')}`;
    parts.push(`${classes}, n = ${data.examples}${data.targetScale !== 1 ? `, y = ±${formatNumber(data.targetScale)}` : ''}`);
  } else parts.push(`${data.path.split('/').pop()}${data.examples ? `, n = ${data.examples}` : ''}`);
  return parts.join(', ');
}
