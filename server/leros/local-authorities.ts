/**
 * Names of the local authorities a LERO may say it serves, by ONS code (2023 names): the
 * partnership's West Yorkshire neighbours and the districts over the Pennines. No
 * authority boundaries are held (only LSOAs), so areas served are shown as names; an
 * unknown code is shown as itself.
 */
const NAMES: Record<string, string> = {
  E08000032: 'Bradford', E08000033: 'Calderdale', E08000034: 'Kirklees', E08000035: 'Leeds', E08000036: 'Wakefield',
  E08000016: 'Barnsley', E08000004: 'Oldham', E08000005: 'Rochdale', E07000117: 'Burnley', E07000125: 'Rossendale', E07000122: 'Pendle',
};

export const localAuthorityName = (code: string): string => NAMES[code] ?? code;
