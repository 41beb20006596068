// Reference and directory data: every organisation of the public domain guide (TRACES NT onboarding), the EU-27, and a national authority per country.

export const COUNTRIES: Array<[code: string, name: string, isEu: boolean]> = [
  ['AT', 'Austria', true],
  ['BE', 'Belgium', true],
  ['BG', 'Bulgaria', true],
  ['HR', 'Croatia', true],
  ['CY', 'Cyprus', true],
  ['CZ', 'Czechia', true],
  ['DK', 'Denmark', true],
  ['EE', 'Estonia', true],
  ['FI', 'Finland', true],
  ['FR', 'France', true],
  ['DE', 'Germany', true],
  ['GR', 'Greece', true],
  ['HU', 'Hungary', true],
  ['IE', 'Ireland', true],
  ['IT', 'Italy', true],
  ['LV', 'Latvia', true],
  ['LT', 'Lithuania', true],
  ['LU', 'Luxembourg', true],
  ['MT', 'Malta', true],
  ['NL', 'Netherlands', true],
  ['PL', 'Poland', true],
  ['PT', 'Portugal', true],
  ['RO', 'Romania', true],
  ['SK', 'Slovakia', true],
  ['SI', 'Slovenia', true],
  ['ES', 'Spain', true],
  ['SE', 'Sweden', true],
  ['ID', 'Indonesia', false],
  ['CH', 'Switzerland', false],
  ['NO', 'Norway', false],
  ['TR', 'Türkiye', false],
  ['UA', 'Ukraine', false],
  ['US', 'United States', false],
];

export const SECTIONS: Array<[code: string, label: string]> = [
  ['ORGANIC', 'Organic products'],
  ['FLEGT', 'Timber (FLEGT)'],
  ['ANIMALS', 'Live animals'],
  ['FOOD', 'Food and feed of non-animal origin'],
  ['PLANTS', 'Plants and plant products'],
];

export const ACTIVITY_TYPES: Array<{ code: string; label: string; section: string; requiresEori?: boolean }> = [
  { code: 'ORGANIC_IMPORTER', label: 'Organic Importer', section: 'ORGANIC', requiresEori: true },
  { code: 'ORGANIC_FIRST_CONSIGNEE', label: 'Organic First Consignee', section: 'ORGANIC' },
  { code: 'ORGANIC_EXPORTER', label: 'Organic Exporter', section: 'ORGANIC' },
  { code: 'FLEGT_TIMBER_IMPORT', label: 'Timber import', section: 'FLEGT' },
  { code: 'IMPORTER', label: 'Importer', section: 'ANIMALS' },
  { code: 'CONSIGNOR', label: 'Consignor', section: 'ANIMALS' },
  { code: 'RESPONSIBLE_FOR_LOAD', label: 'Responsible for the load', section: 'ANIMALS' },
  { code: 'FOOD_IMPORTER', label: 'Food and feed importer', section: 'FOOD' },
  { code: 'PLANT_IMPORTER', label: 'Plant importer', section: 'PLANTS' },
];

export const AUTHORITY_ROLES: Array<[code: string, label: string]> = [
  ['BCP', 'Border Control Post'],
  ['CO', 'Customs Office'],
  ['CCA', 'Central Competent Authority'],
  ['RCA', 'Regional Competent Authority'],
  ['LCA', 'Local Competent Authority'],
  ['EAO', 'Endorsing Authority for Organic Certification'],
  ['COMMISSION', 'European Commission'],
];

export const COMPETENCES: Array<[code: string, label: string]> = [
  ['ORGANIC', 'Organic'],
  ['OPL', 'Organic Production and Labelling'],
  ['VETERINARY', 'Veterinary'],
  ['PHYTOSANITARY', 'Phytosanitary'],
  ['FLEGT', 'FLEGT timber'],
  ['CUSTOMS', 'Customs'],
];

interface SeedOrganisation {
  kind: 'OPERATOR' | 'CONTROL_BODY' | 'AUTHORITY';
  name: string;
  code?: string;
  country: string;
  street?: string;
  postcode?: string;
  city?: string;
  eori?: string;
  authorityRole?: string;
  competences?: string[];
  activities?: Array<[section: string, activityType: string]>;
  controlBodyKey?: string;
  isCommission?: boolean;
}

/** Every operator, authority and control body named in the public domain guide, as named there. */
export const GUIDE_ORGANISATIONS: SeedOrganisation[] = [
  {
    kind: 'OPERATOR',
    name: 'ABC test Operator',
    country: 'BE',
    street: 'Street 1',
    postcode: '3294',
    city: 'Diest',
    activities: [['ORGANIC', 'ORGANIC_IMPORTER']],
  },
  {
    kind: 'OPERATOR',
    name: 'ABIAN BALI EU SPRL',
    country: 'BE',
    eori: 'BE0479168518',
    street: 'route du condroz 210',
    postcode: '4120',
    city: 'Neupré',
    activities: [
      ['ORGANIC', 'ORGANIC_IMPORTER'],
      ['FLEGT', 'FLEGT_TIMBER_IMPORT'],
    ],
  },
  {
    kind: 'OPERATOR',
    name: 'ACA Customs NV',
    country: 'BE',
    eori: '0448324397',
    street: 'Koggenstraat 30',
    postcode: '8380',
    city: 'Zeebrugge',
    activities: [['FLEGT', 'FLEGT_TIMBER_IMPORT']],
  },
  {
    kind: 'AUTHORITY',
    name: 'Aalst Customs Authority',
    code: 'BE0001',
    country: 'BE',
    street: 'Wijngaardveld (Industriezone Noord V) 34A',
    postcode: '9300',
    city: 'Aalst',
    authorityRole: 'BCP',
    competences: ['ORGANIC'],
  },
  {
    kind: 'AUTHORITY',
    name: 'douanekantoor AALST DAE - Industriezone Noord V',
    code: 'BE301000',
    country: 'BE',
    street: 'Wijngaardveld 34 A',
    postcode: '9300',
    city: 'Aalst',
    authorityRole: 'CO',
    competences: ['CUSTOMS'],
  },
  {
    kind: 'AUTHORITY',
    name: 'Perpignan Phyto test BCP',
    code: 'FR007',
    country: 'FR',
    postcode: '66000',
    city: 'Perpignan',
    authorityRole: 'BCP',
    competences: ['PHYTOSANITARY'],
  },
  {
    kind: 'AUTHORITY',
    name: 'Roissy Charles-De-Gaulle BCP',
    code: 'FRCDG4H',
    country: 'FR',
    postcode: '95701',
    city: 'Roissy Ch De Gaulle Cedex',
    authorityRole: 'BCP',
    competences: ['VETERINARY', 'PHYTOSANITARY'],
  },
  {
    kind: 'CONTROL_BODY',
    name: 'CERTISYS',
    code: 'BE-BIO-01',
    country: 'BE',
    controlBodyKey: 'CERTISYS',
    street: "Av. de l'Escrime 85 Schermlaan",
    postcode: '1150',
    city: 'Bruxelles (Woluwe-Saint-Pierre)',
  },
  {
    kind: 'CONTROL_BODY',
    name: 'QUALITY PARTNER',
    code: 'BE-BIO-03',
    country: 'BE',
    controlBodyKey: 'QUALITY PARTNER',
    street: 'Rue Hayeneux 62',
    postcode: '4040',
    city: 'Herstal',
  },
  {
    kind: 'CONTROL_BODY',
    name: 'Quality Partner',
    code: 'ID-BIO-168',
    country: 'ID',
    controlBodyKey: 'QUALITY PARTNER',
    street: 'Rue Hayeneux, 62',
    postcode: '4040',
    city: 'Herstal',
  },
];

/** One national authority (CCA) per seeded country, and the Commission (decides requests to national authorities). */
export function nationalAuthorities(): SeedOrganisation[] {
  const ccas = COUNTRIES.map(([code, name]) => ({
    kind: 'AUTHORITY' as const,
    name: `${name} - Central Competent Authority`,
    code: `${code}-CCA`,
    country: code,
    authorityRole: 'CCA',
    competences: ['OPL', 'VETERINARY', 'PHYTOSANITARY'],
  }));
  return [
    ...ccas,
    {
      kind: 'AUTHORITY',
      name: 'European Commission - DG SANTE',
      code: 'EC-SANTE',
      country: 'BE',
      street: 'Rue Froissart 101',
      postcode: '1049',
      city: 'Brussels',
      authorityRole: 'COMMISSION',
      isCommission: true,
    },
  ];
}

/** The demo approvers seeded outside production (one per deciding capacity). */
export const DEMO_APPROVERS: Array<{ email: string; firstName: string; lastName: string; organisationCode: string }> = [
  { email: 'commission@example.eu', firstName: 'Demo', lastName: 'Commission', organisationCode: 'EC-SANTE' },
  { email: 'cca-be@example.eu', firstName: 'Demo', lastName: 'CCA Belgium', organisationCode: 'BE-CCA' },
  { email: 'cca-fr@example.eu', firstName: 'Demo', lastName: 'CCA France', organisationCode: 'FR-CCA' },
];
