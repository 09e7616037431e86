/**
 * Tariffs and sessions whose totals were worked out by hand (each row's `checked` note). Tariffs marked
 * "spec" are the OCPI 2.2.1 examples of mod_tariffs.asciidoc (examples/*.json at tag v2.2.1-d2), copied
 * as published.
 */

export interface Use {
  readonly minutes: number;
  readonly kwh?: number;
  readonly charging?: boolean;
  readonly powerKw?: number;
  readonly currentA?: number;
}

export const parking = (minutes: number): Use => ({ minutes, charging: false });

export const spec = {
  simple025kwh: { elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 }] }] },
  startFee: {
    elements: [
      {
        price_components: [
          { type: 'FLAT', price: 0.5, vat: 20.0, step_size: 1 },
          { type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 },
        ],
      },
    ],
  },
  minPrice: {
    min_price: { excl_vat: 0.5, incl_vat: 0.55 },
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 }] }],
  },
  parkingAndStart: {
    elements: [
      {
        price_components: [
          { type: 'FLAT', price: 0.5, vat: 20.0, step_size: 1 },
          { type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 },
          { type: 'PARKING_TIME', price: 2.0, vat: 20.0, step_size: 900 },
        ],
      },
    ],
  },
  maxPrice: {
    max_price: { excl_vat: 10.0, incl_vat: 11.0 },
    elements: [
      {
        price_components: [
          { type: 'FLAT', price: 0.5, vat: 20.0, step_size: 1 },
          { type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 },
        ],
      },
    ],
    end_date_time: '2019-06-30T23:59:59Z',
  },
  perHour2: { elements: [{ price_components: [{ type: 'TIME', price: 2.0, vat: 10.0, step_size: 60 }] }] },
  perHour3Parking5: {
    elements: [
      {
        price_components: [
          { type: 'TIME', price: 3.0, vat: 10.0, step_size: 60 },
          { type: 'PARKING_TIME', price: 5.0, vat: 20.0, step_size: 300 },
        ],
      },
    ],
  },
  complex: {
    elements: [
      { price_components: [{ type: 'FLAT', price: 2.5, vat: 15.0, step_size: 1 }] },
      { price_components: [{ type: 'TIME', price: 1.0, vat: 20.0, step_size: 900 }], restrictions: { max_current: 32.0 } },
      {
        price_components: [{ type: 'TIME', price: 2.0, vat: 20.0, step_size: 600 }],
        restrictions: { min_current: 32.0, day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] },
      },
      {
        price_components: [{ type: 'TIME', price: 1.25, vat: 20.0, step_size: 600 }],
        restrictions: { min_current: 32.0, day_of_week: ['SATURDAY', 'SUNDAY'] },
      },
      {
        price_components: [{ type: 'PARKING_TIME', price: 5.0, vat: 10.0, step_size: 300 }],
        restrictions: { start_time: '09:00', end_time: '18:00', day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] },
      },
      {
        price_components: [{ type: 'PARKING_TIME', price: 6.0, vat: 10.0, step_size: 300 }],
        restrictions: { start_time: '10:00', end_time: '17:00', day_of_week: ['SATURDAY'] },
      },
    ],
  },
  stepSize: {
    elements: [
      {
        price_components: [
          { type: 'TIME', price: 1.2, step_size: 1800 },
          { type: 'PARKING_TIME', price: 1.0, step_size: 900 },
        ],
        restrictions: { start_time: '00:00', end_time: '17:00' },
      },
      {
        price_components: [
          { type: 'TIME', price: 2.4, step_size: 900 },
          { type: 'PARKING_TIME', price: 1.0, step_size: 900 },
        ],
        restrictions: { start_time: '17:00', end_time: '20:00' },
      },
      { price_components: [{ type: 'TIME', price: 2.4, step_size: 900 }], restrictions: { start_time: '20:00', end_time: '00:00' } },
    ],
  },
  maxPower: {
    elements: [
      { price_components: [{ type: 'ENERGY', price: 0.2, vat: 20.0, step_size: 1 }], restrictions: { max_power: 16.0 } },
      { price_components: [{ type: 'ENERGY', price: 0.35, vat: 20.0, step_size: 1 }], restrictions: { max_power: 32.0 } },
      { price_components: [{ type: 'ENERGY', price: 0.5, vat: 20.0, step_size: 1 }] },
    ],
  },
  maxDuration: {
    elements: [
      { price_components: [{ type: 'ENERGY', price: 0.0, vat: 20.0, step_size: 1 }], restrictions: { max_duration: 1800 } },
      { price_components: [{ type: 'ENERGY', price: 0.25, vat: 20.0, step_size: 1 }], restrictions: { max_duration: 3600 } },
      { price_components: [{ type: 'ENERGY', price: 0.4, vat: 20.0, step_size: 1 }] },
    ],
  },
  freeOfCharge: { elements: [{ price_components: [{ type: 'FLAT', price: 0.0, step_size: 1 }] }] },
} as const;

export interface Row {
  readonly name: string;
  readonly tariff: Record<string, unknown>;
  readonly timeZone?: string;
  readonly start: string;
  readonly uses: readonly Use[];
  readonly excl: number;
  readonly incl: number;
  readonly checked: string;
}

export const rows: readonly Row[] = [
  {
    name: 'spec: 0.25/kWh, 20 kWh',
    tariff: spec.simple025kwh,
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 120, kwh: 20 }],
    excl: 5.0,
    incl: 5.5,
    checked: '20 x 0.25 = 5.00; +10% = 5.50 (spec states 5.00 / 5.50)',
  },
  {
    name: 'spec: 0.25/kWh + start fee, 20 kWh',
    tariff: spec.startFee,
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 120, kwh: 20 }],
    excl: 5.5,
    incl: 6.1,
    checked: '0.50 + 5.00 = 5.50; 0.60 + 5.50 = 6.10 (spec states 5.50 / 6.10)',
  },
  {
    name: 'spec: min price, 20 kWh is above it',
    tariff: spec.minPrice,
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 120, kwh: 20 }],
    excl: 5.0,
    incl: 5.5,
    checked: '5.00 / 5.50 above min 0.50 / 0.55 (spec)',
  },
  {
    name: 'spec: min price, 1 kWh is below it',
    tariff: spec.minPrice,
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 10, kwh: 1 }],
    excl: 0.5,
    incl: 0.55,
    checked: '0.25 / 0.275 raised to min 0.50 / 0.55 (spec: "less than 2 kWh")',
  },
  {
    name: 'spec: 0.25/kWh + parking + start fee, 20 kWh then 40 min parked',
    tariff: spec.parkingAndStart,
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 120, kwh: 20 }, parking(40)],
    excl: 7.0,
    incl: 7.9,
    checked: '0.50 + 5.00 + 45 min (40 up to 900 s steps) x 2.00/h = 1.50 -> 7.00; 0.60 + 5.50 + 1.80 = 7.90 (spec)',
  },
  {
    name: 'spec: max price, 50 kWh is capped',
    tariff: spec.maxPrice,
    start: '2019-01-15T10:00:00Z',
    uses: [{ minutes: 240, kwh: 50 }],
    excl: 10.0,
    incl: 11.0,
    checked: '0.50 + 12.50 = 13.00 > 10.00; 0.60 + 13.75 = 14.35 > 11.00 (spec)',
  },
  {
    name: 'spec: max price, 30 kWh is below the cap',
    tariff: spec.maxPrice,
    start: '2019-01-15T10:00:00Z',
    uses: [{ minutes: 180, kwh: 30 }],
    excl: 8.0,
    incl: 8.85,
    checked: '0.50 + 7.50 = 8.00; 0.60 + 8.25 = 8.85 (spec)',
  },
  {
    name: 'spec: 2.00/h charging, 2.5 h, parking is free',
    tariff: spec.perHour2,
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 150, kwh: 20 }, parking(30)],
    excl: 5.0,
    incl: 5.5,
    checked: '2.5 h x 2.00 = 5.00; +10% = 5.50; no PARKING_TIME component (spec)',
  },
  {
    name: 'spec: 3.00/h charging + 5.00/h parking, 150 + 42 min',
    tariff: spec.perHour3Parking5,
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 150, kwh: 20 }, parking(42)],
    excl: 11.25,
    incl: 12.75,
    checked: '7.50 (8.25) + 45 min x 5.00/h = 3.75 (4.50) -> 11.25 / 12.75 (spec)',
  },
  {
    name: 'spec: complex, Monday 09:30, 165 min at 16 A, 42 min parked',
    tariff: spec.complex,
    start: '2024-01-15T09:30:00Z',
    uses: [{ minutes: 165, kwh: 10, currentA: 16 }, parking(42)],
    excl: 9.0,
    incl: 10.3,
    checked: 'flat 2.50 (2.875) + 165 min x 1.00/h = 2.75 (3.30) + parking 12:15-12:57 weekday 5.00/h, 42 -> 45 min = 3.75 (4.125) -> 9.00 / 10.30 (spec)',
  },
  {
    name: 'spec: complex, same session in Europe/Amsterdam local time',
    tariff: spec.complex,
    timeZone: 'Europe/Amsterdam',
    start: '2024-01-15T08:30:00Z',
    uses: [{ minutes: 165, kwh: 10, currentA: 16 }, parking(42)],
    excl: 9.0,
    incl: 10.3,
    checked: '08:30Z is 09:30 CET: the same breakdown as the row above',
  },
  {
    name: 'spec: complex, Saturday 13:30, 114 min at 43 A, 71 min parked',
    tariff: spec.complex,
    start: '2024-01-20T13:30:00Z',
    uses: [{ minutes: 114, kwh: 30, currentA: 43 }, parking(71)],
    excl: 12.375,
    incl: 13.975,
    checked:
      'flat 2.50 (2.875) + 114 min x 1.25/h = 2.375 (2.85) + parking 15:24-16:35 Saturday 6.00/h, 71 -> 75 min = 7.50 (8.25) -> 12.375 / 13.975. The spec prints 12.28 / 13.861: its time line uses 1.20/h instead of the tariff\'s 1.25/h (114 min x 1.20/h = 2.28)',
  },
  {
    name: 'spec: step_size switching #1, 16:55 charge 10 min, park 2 min',
    tariff: spec.stepSize,
    start: '2024-01-15T16:55:00Z',
    uses: [{ minutes: 10, kwh: 2 }, parking(2)],
    excl: 0.55,
    incl: 0.55,
    checked: '5 min x 1.20/h = 0.10 + 5 min x 2.40/h = 0.20 + parking 2 -> 15 min x 1.00/h = 0.25 -> 0.55; no VAT given so incl = excl (spec)',
  },
  {
    name: 'spec: step_size switching #2, 16:35 charge 35 min',
    tariff: spec.stepSize,
    start: '2024-01-15T16:35:00Z',
    uses: [{ minutes: 35, kwh: 5 }],
    excl: 1.3,
    incl: 1.3,
    checked: '25 min x 1.20/h = 0.50; 10 min x 2.40/h = 0.40; TIME total 35 -> 45 min by the last step (900 s), 10 min more x 2.40/h = 0.40 -> 1.30 (spec)',
  },
  {
    name: 'spec: step_size switching to free parking, 19:40 charge 12 min, park 20 min',
    tariff: spec.stepSize,
    start: '2024-01-15T19:40:00Z',
    uses: [{ minutes: 12, kwh: 2 }, parking(20)],
    excl: 0.73,
    incl: 0.73,
    checked:
      '12 min x 2.40/h (17:00-20:00 element) = 0.48; parking 19:52-20:00 8 -> 15 min x 1.00/h = 0.25; after 20:00 no PARKING_TIME component -> 0.73. The spec table (0.80) prices the charging at 1.20/h and the parking at 2.40/h, against its own tariff',
  },
  {
    name: 'spec: max_power restrictions, 1 kWh at 6 kW, 40 kWh at 48 kW, 0.5 kWh at 4 kW',
    tariff: spec.maxPower,
    start: '2024-01-15T10:00:00Z',
    uses: [
      { minutes: 10, kwh: 1, powerKw: 6 },
      { minutes: 50, kwh: 40, powerKw: 48 },
      { minutes: 7.5, kwh: 0.5, powerKw: 4 },
    ],
    excl: 20.3,
    incl: 24.36,
    checked: '1 x 0.20 + 40 x 0.50 + 0.5 x 0.20 = 20.30; +20% = 24.36 (spec states 20.30 excl)',
  },
  {
    name: 'spec: max_duration restrictions, 5 kWh in 30 min then 1.2 kWh in 10 min',
    tariff: spec.maxDuration,
    start: '2024-01-15T10:00:00Z',
    uses: [
      { minutes: 30, kwh: 5 },
      { minutes: 10, kwh: 1.2 },
    ],
    excl: 0.3,
    incl: 0.36,
    checked: '5 kWh free (< 1800 s), 1.2 x 0.25 = 0.30; +20% = 0.36 (spec states 0.30 excl)',
  },
  {
    name: 'spec: free of charge',
    tariff: spec.freeOfCharge,
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 60, kwh: 11 }],
    excl: 0,
    incl: 0,
    checked: 'one FLAT 0.00 component',
  },
  {
    name: 'night rate crossing midnight, charging 23:00-01:00 at 10 kWh/h',
    tariff: {
      elements: [
        { price_components: [{ type: 'ENERGY', price: 0.1, vat: 21, step_size: 1 }], restrictions: { start_time: '22:00', end_time: '06:00' } },
        { price_components: [{ type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 }] },
      ],
    },
    start: '2024-01-15T21:30:00Z',
    uses: [{ minutes: 150, kwh: 25 }],
    excl: 3.5,
    incl: 4.235,
    checked: '21:30-22:00 5 kWh x 0.30 = 1.50; 22:00-24:00 20 kWh x 0.10 = 2.00 (the night element wraps past midnight, still matches at 00:00) -> 3.50; x 1.21 = 4.235',
  },
  {
    name: 'time of day across the spring DST change (Europe/Amsterdam, 31 March 2024)',
    tariff: {
      elements: [
        { price_components: [{ type: 'ENERGY', price: 0.1, step_size: 1 }], restrictions: { start_time: '22:00', end_time: '03:30' } },
        { price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] },
      ],
    },
    timeZone: 'Europe/Amsterdam',
    start: '2024-03-31T00:00:00Z',
    uses: [{ minutes: 120, kwh: 20 }],
    excl: 3.0,
    incl: 3.0,
    checked: '00:00Z is 01:00 CET; clocks jump 02:00 CET -> 03:00 CEST at 01:00Z; 03:30 CEST is 01:30Z. 90 min (15 kWh) x 0.10 = 1.50 + 30 min (5 kWh) x 0.30 = 1.50 -> 3.00',
  },
  {
    name: 'date and day of week: only weekend days of December 2023 are cheap',
    tariff: {
      elements: [
        {
          price_components: [{ type: 'ENERGY', price: 0.1, step_size: 1 }],
          restrictions: { start_date: '2023-12-01', end_date: '2024-01-01', day_of_week: ['SATURDAY', 'SUNDAY'] },
        },
        { price_components: [{ type: 'ENERGY', price: 0.4, step_size: 1 }] },
      ],
    },
    start: '2023-12-31T23:00:00Z',
    uses: [{ minutes: 120, kwh: 20 }],
    excl: 5.0,
    incl: 5.0,
    checked: 'Sunday 31 Dec 23:00-24:00 10 kWh x 0.10 = 1.00; Monday 1 Jan (end_date exclusive) 10 kWh x 0.40 = 4.00 -> 5.00',
  },
  {
    name: 'min_kwh / max_kwh: first 10 kWh cheap, cut inside a meter interval',
    tariff: {
      elements: [
        { price_components: [{ type: 'ENERGY', price: 0.2, step_size: 1 }], restrictions: { max_kwh: 10 } },
        { price_components: [{ type: 'ENERGY', price: 0.5, step_size: 1 }], restrictions: { min_kwh: 10 } },
      ],
    },
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 60, kwh: 6 }, { minutes: 60, kwh: 8 }],
    excl: 4.0,
    incl: 4.0,
    checked: '10 kWh x 0.20 = 2.00 (the cut at 10 kWh falls inside the second interval) + 4 kWh x 0.50 = 2.00 -> 4.00',
  },
  {
    name: 'min_power / min_duration: fast charging surcharge after 1 hour',
    tariff: {
      elements: [
        { price_components: [{ type: 'TIME', price: 6, step_size: 60 }], restrictions: { min_power: 50, min_duration: 3600 } },
        { price_components: [{ type: 'TIME', price: 1.2, step_size: 60 }] },
      ],
    },
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 90, kwh: 75, powerKw: 50 }, { minutes: 30, kwh: 5, powerKw: 10 }],
    excl: 4.8,
    incl: 4.8,
    checked: 'first 60 min at 50 kW x 1.20/h = 1.20 (min_duration not reached); next 30 min at 50 kW x 6.00/h = 3.00; last 30 min at 10 kW x 1.20/h = 0.60 -> 4.80',
  },
  {
    name: 'energy step_size: 500 Wh blocks',
    tariff: { elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, step_size: 500 }] }] },
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 30, kwh: 5.01 }],
    excl: 1.375,
    incl: 1.375,
    checked: '5010 Wh -> 5500 Wh x 0.25/kWh = 1.375',
  },
  {
    name: 'reservation elements never price a charging session',
    tariff: {
      elements: [
        { price_components: [{ type: 'FLAT', price: 2, step_size: 1 }, { type: 'TIME', price: 5, step_size: 60 }], restrictions: { reservation: 'RESERVATION' } },
        { price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] },
      ],
    },
    start: '2024-01-15T10:00:00Z',
    uses: [{ minutes: 60, kwh: 10 }],
    excl: 3.0,
    incl: 3.0,
    checked: 'only energy: 10 x 0.30 = 3.00',
  },
];

