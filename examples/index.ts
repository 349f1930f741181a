import type { ExampleWorkspace } from '../src/cli/workspace.ts';
import { people } from './people.ts';
import { s1Romashka } from './s1-romashka.ts';
import { s2InboundEmail } from './s2-inbound-email.ts';
import { s3UnansweredProposal } from './s3-unanswered-proposal.ts';

/** The demo workspace that `stageflow demo` and `npm start` load. */
export const demoWorkspace: ExampleWorkspace = {
  people,
  scenarios: [s1Romashka, s2InboundEmail, s3UnansweredProposal],
};
