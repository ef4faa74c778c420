import { pairAfterAttempt } from './attempt-rules';

test('reaching results close the pair as reached with their outcome, whatever the attempt number', () => {
  expect(pairAfterAttempt({ attemptNumber: 1, result: 'answered', outcome: 3 }, 3)).toEqual({ status: 'reached', outcome: 3, attemptsMade: 1 });
  expect(pairAfterAttempt({ attemptNumber: 3, result: 'replied', outcome: 0 }, 3)).toEqual({ status: 'reached', outcome: 0, attemptsMade: 3 });
});

test('failed attempts leave the pair open until the last allowed one makes it unreachable', () => {
  expect(pairAfterAttempt({ attemptNumber: 1, result: 'no_answer', outcome: null }, 3)).toEqual({ status: 'open', outcome: null, attemptsMade: 1 });
  expect(pairAfterAttempt({ attemptNumber: 2, result: 'voicemail', outcome: null }, 3)).toEqual({ status: 'open', outcome: null, attemptsMade: 2 });
  expect(pairAfterAttempt({ attemptNumber: 3, result: 'wrong_number', outcome: null }, 3)).toEqual({ status: 'unreachable', outcome: null, attemptsMade: 3 });
  expect(pairAfterAttempt({ attemptNumber: 1, result: 'email_bounced', outcome: null }, 1)).toEqual({ status: 'unreachable', outcome: null, attemptsMade: 1 });
});
