/** An approval as GET /api/v1/approvals answers it. */
export interface Approval {
  readonly id: string;
  readonly itemId: string;
  readonly robotId: string | null;
  readonly title: string;
  readonly approverIds: readonly string[];
  readonly step: number;
  readonly currentApproverId: string | null;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly decisions: readonly ApprovalDecision[];
  readonly dueAt: string | null;
  readonly createdAt: string;
}

export interface ApprovalDecision {
  readonly step: number;
  readonly userId: string | null;
  readonly approverId: string;
  readonly outcome: 'approved' | 'rejected' | 'escalated';
  readonly comment: string | null;
  readonly at: string;
  readonly via: 'api' | 'link' | 'deadline';
}
