// Every way the domain turns a request down, by name. The CLI shows the
// message on one line and exits 2; the mail pipeline maps the code to a reply.
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const DOMAIN_ERROR_CODES = [
  'ILLEGAL_TRANSITION',
  'CHANGE_APPLICATION_OPEN',
  'ORGANIZATION_TOO_LONG',
  'INVALID_COMMON_NAME',
  'ORDER_NOT_FOUND',
  'INVALID_ORDER',
  'INVALID_STEP_DATE',
  'NOTHING_TO_UNDO',
  'COMMON_NAME_IN_USE',
  'CERTIFICATE_REFUSED',
  'NOTHING_TO_VERIFY',
  'RECORD_NOT_FOUND',
  'NOTHING_TO_DECIDE',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class IllegalTransition extends DomainError {
  constructor(
    readonly orderId: string,
    readonly from: string,
    readonly event: string,
    /** The steps that are allowed now, as staff type them (`approval-requested`, …). */
    readonly allowed: readonly string[] = [],
  ) {
    super(
      'ILLEGAL_TRANSITION',
      `order ${orderId}: step "${event}" is not allowed while the order is ${from}` +
        (allowed.length
          ? `; possible now: ${allowed.join(', ')}`
          : allowed === NONE
            ? '; it takes no further step'
            : ''),
    );
  }
}
/** An order that takes no step at all (cancelled). */
export const NONE: readonly string[] = [];

export class ChangeApplicationOpen extends DomainError {
  constructor(
    readonly contractId: string,
    readonly openId: string,
    readonly openKind: string,
    readonly openOrderId: string,
  ) {
    super(
      'CHANGE_APPLICATION_OPEN',
      `contract ${contractId} already has an open change application ${openId} (${openKind.replace(/_/g, ' ')} of order ${openOrderId}); one at a time`,
    );
  }
}

export class OrganizationTooLong extends DomainError {
  constructor(readonly length: number) {
    super('ORGANIZATION_TOO_LONG', `O, OU, L, ST and C together are ${length} characters; at most 128 are allowed`);
  }
}

export class InvalidCommonName extends DomainError {
  constructor(
    readonly input: string,
    why: string,
  ) {
    super('INVALID_COMMON_NAME', `common name ${JSON.stringify(input)} is not valid: ${why}`);
  }
}

export class OrderNotFound extends DomainError {
  constructor(readonly orderId: string) {
    super('ORDER_NOT_FOUND', `no order ${orderId}`);
  }
}

/** A date given with a step that cannot be true: in the future, before the step before it, an impossible expiry. */
export class InvalidStepDate extends DomainError {
  constructor(
    readonly orderId: string,
    why: string,
  ) {
    super('INVALID_STEP_DATE', `order ${orderId}: ${why}`);
  }
}

export class NothingToUndo extends DomainError {
  constructor(
    readonly orderId: string,
    why: string,
  ) {
    super('NOTHING_TO_UNDO', `order ${orderId}: nothing to undo: ${why}`);
  }
}

export class CommonNameInUse extends DomainError {
  constructor(
    readonly commonName: string,
    readonly orderId: string,
    readonly contractId: string,
  ) {
    super(
      'COMMON_NAME_IN_USE',
      `${commonName} is already open as order ${orderId} of contract ${contractId}; add it again with --force if that is right`,
    );
  }
}

/** An issued certificate that cannot be this order's: another name, expired, longer than allowed. */
export class CertificateRefused extends DomainError {
  constructor(
    readonly orderId: string,
    why: string,
  ) {
    super('CERTIFICATE_REFUSED', `order ${orderId}: certificate refused: ${why}`);
  }
}

/** `order verify` on an order whose install is not waiting for a check. */
export class NothingToVerify extends DomainError {
  constructor(
    readonly orderId: string,
    why: string,
  ) {
    super('NOTHING_TO_VERIFY', `order ${orderId}: nothing to verify: ${why}`);
  }
}

/** An inbound mail, outgoing mail or change application the desk never had. */
export class RecordNotFound extends DomainError {
  constructor(what: string, id: string) {
    super('RECORD_NOT_FOUND', `no ${what} ${id}`);
  }
}

/** A staff decision on something that no longer waits for one: resolved, sent, closed. */
export class NothingToDecide extends DomainError {
  constructor(why: string) {
    super('NOTHING_TO_DECIDE', why);
  }
}
