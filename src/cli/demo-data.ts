import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Schemas } from '@chargeops/api-client';
import { fakerEN_IN as faker } from '@faker-js/faker';
import { parse } from 'csv-parse/sync';
import { PINCODE_PATTERN } from '../common/validators.js';
import { CliError } from './cli-io.js';

// The demo's data: its OEMs, the pincodes it draws addresses from, and the lead payloads it sends.

/** An OEM account the demo creates or reuses; `weight` is its share of the leads. */
export interface DemoOem {
  name: string;
  /** Prefix of the leads' externalRef. */
  code: string;
  email: string;
  weight: number;
  chargerModels: readonly string[];
  /** Serial number prefix of its charger partner: the report's serial is `<prefix><kW>K-<YYMM>-<6 digits>`. */
  chargerSerialPrefix: string;
}

/** Real Indian car makers selling EVs, weighted roughly by their share of EV sales. */
export const DEMO_OEMS: readonly DemoOem[] = [
  {
    name: 'Tata Motors',
    code: 'TATA',
    email: 'oem.tata-motors@demo.chargeops.example',
    weight: 0.45,
    chargerModels: ['7.2 kW AC Wallbox', '3.3 kW AC Portable'],
    chargerSerialPrefix: 'TPW',
  },
  {
    name: 'JSW MG Motor India',
    code: 'MG',
    email: 'oem.jsw-mg-motor@demo.chargeops.example',
    weight: 0.25,
    chargerModels: ['7.4 kW AC Wallbox', '11 kW AC Wallbox'],
    chargerSerialPrefix: 'MGW',
  },
  {
    name: 'Mahindra & Mahindra',
    code: 'MM',
    email: 'oem.mahindra@demo.chargeops.example',
    weight: 0.2,
    chargerModels: ['7.2 kW AC Wallbox', '11.2 kW AC Wallbox'],
    chargerSerialPrefix: 'MEW',
  },
  {
    name: 'Maruti Suzuki',
    code: 'MSIL',
    email: 'oem.maruti-suzuki@demo.chargeops.example',
    weight: 0.1,
    chargerModels: ['7.4 kW AC Wallbox'],
    chargerSerialPrefix: 'MSW',
  },
];

/** The Central Ops account the demo works the leads as; its password is reset on every run. */
export interface PincodeRow {
  pincode: string;
  district: string;
  state: string;
  latitude: number;
  longitude: number;
}

/** Districts of the big EV markets; most demo leads land there, the rest anywhere in India. */
export const METRO_DISTRICTS = new Set([
  'Mumbai',
  'Mumbai Suburban',
  'Thane',
  'Pune',
  'Bengaluru Urban',
  'Hyderabad',
  'Medchal Malkajgiri',
  'Chennai',
  'New Delhi',
  'South West',
  'Gurugram',
  'Gautam Buddha Nagar',
  'Kolkata',
  'Jaipur',
  'Ernakulam',
  'Surat',
  'Nagpur',
  'Indore',
  'Lucknow',
  'Chandigarh',
]);
export const METRO_SHARE = 0.65;

/**
 * Reads the pincodes that have coordinates from india-pincodes.csv (shared/data/README.md).
 * @throws CliError when the file is missing or holds no usable row
 */
export function loadDemoPincodes(file: string): { metro: PincodeRow[]; all: PincodeRow[] } {
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(`demo: pincode file not found: ${path} (pass --pincodes <file>)`);
  const records = parse(readFileSync(path), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
  const all: PincodeRow[] = [];
  for (const r of records) {
    // 42 pincodes have no coordinates; the demo wants every lead on the map.
    if (!PINCODE_PATTERN.test(r.pincode ?? '') || !r.district || !r.state || !r.latitude || !r.longitude) continue;
    const latitude = Number(r.latitude);
    const longitude = Number(r.longitude);
    if (Number.isFinite(latitude) && Number.isFinite(longitude)) all.push({ pincode: r.pincode, district: r.district, state: r.state, latitude, longitude });
  }
  if (!all.length) {
    throw new CliError(`demo: ${path} has no pincode rows with coordinates (expected pincode,district,state_code,state,latitude,longitude,offices)`);
  }
  const metro = all.filter((p) => METRO_DISTRICTS.has(p.district));
  return { metro: metro.length ? metro : all, all };
}

const LOCAL_STREETS = [
  'MG Road',
  'Station Road',
  'Temple Street',
  'Gandhi Road',
  'Nehru Nagar',
  'Main Road',
  'Church Street',
  'Ring Road',
  'Lake View Road',
  'College Road',
  'Sector 12',
  'Civil Lines',
];
const BUILDING_SUFFIXES = ['Residency', 'Apartments', 'Enclave', 'Heights', 'Towers', 'Greens', 'Park'];
const LANDMARKS = ['Near City Hospital', 'Opp. Post Office', 'Behind Bus Stand', 'Near Railway Station', 'Opp. Government School', 'Near Hanuman Temple'];

/** An Indian mobile number (first digit 6–9) in the formats OEM systems send: E.164 or ten digits with a space. */
export function mobileNumber(): string {
  const digits = `${faker.helpers.arrayElement(['9', '8', '7', '6'])}${faker.string.numeric(9)}`;
  return faker.datatype.boolean() ? `+91${digits}` : `${digits.slice(0, 5)} ${digits.slice(5)}`;
}

export function leadPayload(oem: DemoOem, sourceId: number, externalRef: string, place: PincodeRow): Schemas['CreateLeadDto'] {
  const firstName = faker.person.firstName();
  // en_IN last names include double-barrelled ones ("Nayar-Singh"); customers rarely write them so.
  const lastName = faker.person.lastName().split('-')[0];
  const apartment = faker.datatype.boolean({ probability: 0.6 });
  return {
    externalRef,
    sourceId,
    customerName: `${firstName} ${lastName}`,
    customerPhone: mobileNumber(),
    ...(faker.datatype.boolean({ probability: 0.8 }) && { customerEmail: faker.internet.exampleEmail({ firstName, lastName }).toLowerCase() }),
    addressLine1: apartment
      ? `Flat ${faker.number.int({ min: 1, max: 14 })}0${faker.number.int({ min: 1, max: 8 })}, ${faker.person.lastName().split('-')[0]} ${faker.helpers.arrayElement(BUILDING_SUFFIXES)}`
      : `${faker.number.int({ min: 1, max: 480 })}, ${faker.helpers.arrayElement(LOCAL_STREETS)}`,
    ...(faker.datatype.boolean() && { addressLine2: faker.helpers.arrayElement(LANDMARKS) }),
    city: place.district,
    state: place.state,
    pincode: place.pincode,
    latitude: place.latitude,
    longitude: place.longitude,
    chargerModel: faker.helpers.arrayElement(oem.chargerModels),
  };
}

