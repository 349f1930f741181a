export type DeliveryStatus = 'stored' | 'sending' | 'sent' | 'failed';

export interface MailMessage {
  readonly id: string;
  readonly itemId: string | null;
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly transport: 'smtp' | 'outbox';
  readonly status: DeliveryStatus;
  readonly error: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

export interface SmsMessage {
  readonly id: string;
  readonly itemId: string | null;
  readonly to: string;
  readonly text: string;
  readonly provider: string;
  readonly status: DeliveryStatus;
  readonly response: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

export const STATUS_PILL: Record<DeliveryStatus, string> = {
  stored: 'pill-accent',
  sending: 'pill-warning',
  sent: 'pill-success',
  failed: 'pill-danger',
};
