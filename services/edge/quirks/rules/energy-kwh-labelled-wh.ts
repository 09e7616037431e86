import { isJsonObject } from '../../protocol/frame.ts';
import type { QuirkRule } from '../quirk-rule.ts';

const energyMeasurand = /^Energy\./;

function relabel(sampledValues: unknown): boolean {
  if (!Array.isArray(sampledValues)) return false;
  let changed = false;
  for (const sampled of sampledValues) {
    if (!isJsonObject(sampled)) continue;
    const measurand = sampled['measurand'] ?? 'Energy.Active.Import.Register';
    const unit = sampled['unit'];
    if (typeof measurand !== 'string' || !energyMeasurand.test(measurand) || (unit !== undefined && unit !== 'Wh')) continue;
    sampled['unit'] = 'kWh';
    changed = true;
  }
  return changed;
}

/**
 * Energy registers reported in kWh but labelled Wh (or unlabelled, which 1.6 reads as Wh): a valid
 * payload whose meaning is wrong by a factor of 1000, so no schema can detect it. No public report
 * pins it to one firmware, so no vendor profile enables it by default: an operator enables it for
 * the chargers they have seen do it.
 */
export const energyKwhLabelledWh: QuirkRule = {
  name: 'energy-kwh-labelled-wh',
  trigger: 'always',
  repair: (input) => {
    if (input.version !== 'ocpp1.6' || input.kind !== 'request') return false;
    const meterValues = input.action === 'MeterValues' ? input.payload['meterValue'] : input.action === 'StopTransaction' ? input.payload['transactionData'] : undefined;
    if (!Array.isArray(meterValues)) return false;
    let changed = false;
    for (const meterValue of meterValues) {
      if (isJsonObject(meterValue) && relabel(meterValue['sampledValue'])) changed = true;
    }
    return changed;
  },
};
