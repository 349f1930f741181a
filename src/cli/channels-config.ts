import { type OutboundAllowList, parseAllowList } from '../channels/http/address-policy.ts';
import { renderProviderBody } from '../channels/sms/provider-body.ts';
import { DEFAULT_PROVIDER_BODY, type SmsProvider } from '../channels/sms/sms-sender.ts';
import { isPhoneRegion } from '../domain/phone-numbers.ts';
import { type ConfigReader, maskPassword, parseUrl } from './config-env.ts';

/** The settings of the channels to the outside world: mail, SMS, outgoing requests, web forms, phones. */
export interface ChannelsConfig {
  /** Outgoing mail server; undefined keeps mail in the local outbox. */
  readonly smtpUrl: string | undefined;
  /** Sender of robots' mail. Default: "Stageflow <stageflow@localhost>". */
  readonly mailFrom: string;
  /** Generic HTTP SMS provider (SMS_PROVIDER_URL, _BODY, _AUTH); undefined keeps SMS in the outbox. */
  readonly smsProvider?: SmsProvider | undefined;
  /** Non-public hosts, addresses and CIDR ranges outgoing requests may reach. Default: none. */
  readonly outboundAllow: OutboundAllowList | undefined;
  /** Key of the web forms' anti-forgery tokens, at least 32 characters. Default: random per start. */
  readonly formSecret?: string;
  /**
   * Region (ISO 3166 code, e.g. RU) of phone numbers written in national format ("8 912 ...").
   * Default: none, so only numbers with their country code are read as E.164.
   */
  readonly defaultRegion?: string | undefined;
}

/** SMTP_URL, STAGEFLOW_MAIL_FROM, SMS_PROVIDER_*, STAGEFLOW_OUTBOUND_ALLOW, _FORM_SECRET, _DEFAULT_REGION. */
export function readChannelsConfig(reader: ConfigReader): ChannelsConfig {
  const { read, fail } = reader;
  const smtpUrl = read('SMTP_URL');
  if (smtpUrl !== undefined) {
    const url = parseUrl(smtpUrl);
    if (url === undefined || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')) {
      fail('SMTP_URL', maskPassword(smtpUrl), 'must be an smtp:// or smtps:// URL', undefined);
    }
  }

  const mailFrom = read('STAGEFLOW_MAIL_FROM') ?? 'Stageflow <stageflow@localhost>';
  // One mailbox on one line: it becomes the From header of every robot's mail.
  if (!/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom)) {
    fail('STAGEFLOW_MAIL_FROM', mailFrom, 'must be an address or "Name <address>"', undefined);
  }

  const smsProvider = readSmsProvider(reader);

  const allowText = read('STAGEFLOW_OUTBOUND_ALLOW');
  const allowParsed = allowText === undefined ? undefined : parseAllowList(allowText);
  const outboundAllow =
    allowParsed !== undefined && 'problem' in allowParsed
      ? fail('STAGEFLOW_OUTBOUND_ALLOW', allowText ?? '', allowParsed.problem, undefined)
      : allowParsed;

  const formSecret = read('STAGEFLOW_FORM_SECRET');
  if (formSecret !== undefined && formSecret.length < 32) {
    fail('STAGEFLOW_FORM_SECRET', '***', 'must be at least 32 characters long', undefined);
  }

  const regionText = read('STAGEFLOW_DEFAULT_REGION');
  const defaultRegion =
    regionText === undefined || isPhoneRegion(regionText.toUpperCase())
      ? regionText?.toUpperCase()
      : fail(
          'STAGEFLOW_DEFAULT_REGION',
          regionText,
          'must be a two-letter region code (ISO 3166-1) of phone numbers, e.g. RU',
          undefined,
        );
  return {
    smtpUrl,
    mailFrom,
    outboundAllow,
    ...(smsProvider !== undefined && { smsProvider }),
    ...(formSecret !== undefined && { formSecret }),
    ...(defaultRegion !== undefined && { defaultRegion }),
  };
}

/** The SMS provider settings: a URL, a JSON body with {{to}} and {{text}}, an Authorization value. */
function readSmsProvider({ read, fail }: ConfigReader): SmsProvider | undefined {
  const urlText = read('SMS_PROVIDER_URL');
  const body = read('SMS_PROVIDER_BODY') ?? DEFAULT_PROVIDER_BODY;
  const auth = read('SMS_PROVIDER_AUTH');
  if (urlText === undefined) {
    if (read('SMS_PROVIDER_BODY') !== undefined || auth !== undefined) {
      fail('SMS_PROVIDER_URL', '', 'must be set when SMS_PROVIDER_BODY or SMS_PROVIDER_AUTH is', undefined);
    }
    return undefined;
  }
  const url = parseUrl(urlText);
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return fail('SMS_PROVIDER_URL', maskPassword(urlText), 'must be an http:// or https:// URL', undefined);
  }
  try {
    if (!/\{\{\s*text\s*\}\}/.test(body)) throw new Error('no text');
    JSON.parse(renderProviderBody(body, { to: '+1"\n', text: 'a"\\\n' }));
  } catch {
    return fail(
      'SMS_PROVIDER_BODY',
      body,
      'must be a JSON body with the {{text}} placeholder (and {{to}})',
      undefined,
    );
  }
  // It becomes a header: a line break would inject others.
  if (auth !== undefined && /[\r\n]/.test(auth)) {
    return fail('SMS_PROVIDER_AUTH', '***', 'must be one line', undefined);
  }
  return { url: url.toString(), body, auth };
}
