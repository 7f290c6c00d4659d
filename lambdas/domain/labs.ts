import { yearsBefore } from './dates.js';

/** An inspection lab in the registry ops keep (SPEC "Eligible lab", source 001). */
export interface Lab {
  labId: string;
  name: string;
  accreditations: string[]; // e.g. ["CNAS", "CMA"]
  registeredOn: string; // ISO date
  registeredCapitalYuan: number;
  ownLaboratories: number;
}

export type LabProblem = 'accreditation' | 'age' | 'capital' | 'laboratories';

/** Why a lab may not inspect samples on `date`; empty when it is eligible. */
export function labProblems(lab: Lab, date: string): LabProblem[] {
  const problems: LabProblem[] = [];
  if (!(lab.accreditations.includes('CNAS') && lab.accreditations.includes('CMA')))
    problems.push('accreditation');
  if (lab.registeredOn > yearsBefore(date, 3)) problems.push('age');
  if (lab.registeredCapitalYuan < 3_000_000) problems.push('capital');
  if (lab.ownLaboratories < 10) problems.push('laboratories');
  return problems;
}
