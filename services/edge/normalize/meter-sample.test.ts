import { describe, expect, it } from 'vitest';
import { normalizeSample, scaleDecimal, type RawSample } from './meter-sample.ts';

describe('scaleDecimal', () => {
  it.each([
    { text: '1.005', powerOfTen: 3, then: 1005 },
    { text: '12.5', powerOfTen: 0, then: 12.5 },
    { text: ' 7 ', powerOfTen: 3, then: 7000 },
    { text: '-0.5', powerOfTen: 3, then: -500 },
    { text: '.25', powerOfTen: 2, then: 25 },
    { text: '1e-7', powerOfTen: 3, then: 0.0001 },
    { text: '1500', powerOfTen: -3, then: 1.5 },
    { text: '12,5', powerOfTen: 0, then: null },
    { text: 'abc', powerOfTen: 0, then: null },
    { text: '', powerOfTen: 0, then: null },
  ])('given $text scaled by 10^$powerOfTen then $then', ({ text, powerOfTen, then }) => {
    expect(scaleDecimal(text, powerOfTen)).toBe(then);
  });
});

describe('normalizeSample', () => {
  const raw: RawSample = {
    sampledAt: 0,
    measurand: undefined,
    rawValue: '1',
    rawUnit: undefined,
    rawMultiplier: undefined,
    phase: undefined,
    location: undefined,
    context: undefined,
    signedData: undefined,
    numeric: true,
  };
  it.each([
    { given: { measurand: undefined, rawUnit: undefined }, thenMeasurand: 'Energy.Active.Import.Register', thenValue: 1, thenUnit: 'Wh' },
    { given: { measurand: 'Power.Active.Import', rawUnit: undefined }, thenMeasurand: 'Power.Active.Import', thenValue: 1, thenUnit: 'W' },
    { given: { measurand: 'Power.Reactive.Import', rawUnit: 'kvar' }, thenMeasurand: 'Power.Reactive.Import', thenValue: 1000, thenUnit: 'var' },
    { given: { measurand: 'Energy.Reactive.Import.Register', rawUnit: 'kvarh' }, thenMeasurand: 'Energy.Reactive.Import.Register', thenValue: 1000, thenUnit: 'varh' },
    { given: { measurand: 'Temperature', rawUnit: 'Celcius' }, thenMeasurand: 'Temperature', thenValue: 1, thenUnit: 'Celsius' },
    { given: { measurand: 'SoC', rawUnit: undefined }, thenMeasurand: 'SoC', thenValue: 1, thenUnit: 'Percent' },
    { given: { measurand: 'Energy.Active.Import.Register', rawUnit: 'Wh', rawMultiplier: 3 }, thenMeasurand: 'Energy.Active.Import.Register', thenValue: 1000, thenUnit: 'Wh' },
    { given: { measurand: 'Energy.Active.Import.Register', rawUnit: 'kWh', rawMultiplier: -3 }, thenMeasurand: 'Energy.Active.Import.Register', thenValue: 1, thenUnit: 'Wh' },
  ])('given $given then $thenValue $thenUnit', ({ given, thenMeasurand, thenValue, thenUnit }) => {
    const sample = normalizeSample({ ...raw, ...given });
    expect({ measurand: sample.measurand, value: sample.value, unit: sample.unit }).toEqual({ measurand: thenMeasurand, value: thenValue, unit: thenUnit });
  });
});
