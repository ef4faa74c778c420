import { DEFAULT_SPACING } from './attempt-spacing';
import type { Rubric, Scripts } from './types';

/**
 * The default rubric and scripts (docs/linkage-method.md, "Rubric"). A campaign may
 * reword the outcome labels and the scripts before its draw; the codes never change.
 */
export const DEFAULT_RUBRIC: Rubric = {
  maxAttempts: 3,
  outcomes: [
    { code: 0, label: 'No information', description: 'Could give no information about the service asked about' },
    { code: 1, label: 'Knew of it', description: 'Knew of the service but could give no way to contact it' },
    { code: 2, label: 'Contact details', description: 'Gave contact details for the service (phone, email, address or website)' },
    { code: 3, label: 'Referral information', description: 'Told how to refer or self-refer to the service, or offered to refer' },
  ],
  attemptSpacing: DEFAULT_SPACING,
};

export const DEFAULT_SCRIPTS: Scripts = {
  disclosed:
    "Hello, my name is … and I'm calling on behalf of the local recovery partnership. We are checking how well local services " +
    'know about each other, so that people can be pointed to the right help. It takes two minutes and there are no wrong answers. ' +
    'Do you know of {B.name} ({B.category})? Could you tell me how someone would get in touch with them, or how they would be referred?',
  simulated_enquiry:
    "Hello, I'm looking for some support and wondered if you could help. Someone mentioned {B.name}, which I think is " +
    '{B.category}. Do you know anything about them, how I could contact them, or how I would get referred?',
};

export const NOTES_REMINDER =
  'Notes are for the call only: do not record names or anything else that could identify a person. Only the campaign team sees them.';
