/**
 * Error statuses as a literal union, and the reason phrases RFC 9110 registers for them.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A 4xx status: the client must change its request.
 *
 * @category model
 * @since 0.1.0
 */
export type ClientErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 405
  | 406
  | 407
  | 408
  | 409
  | 410
  | 411
  | 412
  | 413
  | 414
  | 415
  | 416
  | 417
  | 418
  | 419
  | 420
  | 421
  | 422
  | 423
  | 424
  | 425
  | 426
  | 427
  | 428
  | 429
  | 430
  | 431
  | 432
  | 433
  | 434
  | 435
  | 436
  | 437
  | 438
  | 439
  | 440
  | 441
  | 442
  | 443
  | 444
  | 445
  | 446
  | 447
  | 448
  | 449
  | 450
  | 451
  | 452
  | 453
  | 454
  | 455
  | 456
  | 457
  | 458
  | 459
  | 460
  | 461
  | 462
  | 463
  | 464
  | 465
  | 466
  | 467
  | 468
  | 469
  | 470
  | 471
  | 472
  | 473
  | 474
  | 475
  | 476
  | 477
  | 478
  | 479
  | 480
  | 481
  | 482
  | 483
  | 484
  | 485
  | 486
  | 487
  | 488
  | 489
  | 490
  | 491
  | 492
  | 493
  | 494
  | 495
  | 496
  | 497
  | 498
  | 499

/**
 * A 5xx status: the server failed; the client may retry.
 *
 * @category model
 * @since 0.1.0
 */
export type ServerErrorStatus =
  | 500
  | 501
  | 502
  | 503
  | 504
  | 505
  | 506
  | 507
  | 508
  | 509
  | 510
  | 511
  | 512
  | 513
  | 514
  | 515
  | 516
  | 517
  | 518
  | 519
  | 520
  | 521
  | 522
  | 523
  | 524
  | 525
  | 526
  | 527
  | 528
  | 529
  | 530
  | 531
  | 532
  | 533
  | 534
  | 535
  | 536
  | 537
  | 538
  | 539
  | 540
  | 541
  | 542
  | 543
  | 544
  | 545
  | 546
  | 547
  | 548
  | 549
  | 550
  | 551
  | 552
  | 553
  | 554
  | 555
  | 556
  | 557
  | 558
  | 559
  | 560
  | 561
  | 562
  | 563
  | 564
  | 565
  | 566
  | 567
  | 568
  | 569
  | 570
  | 571
  | 572
  | 573
  | 574
  | 575
  | 576
  | 577
  | 578
  | 579
  | 580
  | 581
  | 582
  | 583
  | 584
  | 585
  | 586
  | 587
  | 588
  | 589
  | 590
  | 591
  | 592
  | 593
  | 594
  | 595
  | 596
  | 597
  | 598
  | 599

/**
 * Every status an error response may carry: 400–599, as literals, so that a status
 * that cannot carry an error body cannot be written.
 *
 * @category model
 * @since 0.1.0
 */
export type ErrorStatus = ClientErrorStatus | ServerErrorStatus

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * `true` for an integer in 400–599.
 *
 * @example
 * import { isErrorStatus } from 'errmap'
 * assert.strictEqual(isErrorStatus(404), true)
 * assert.strictEqual(isErrorStatus(302), false)
 *
 * @category refinements
 * @since 0.1.0
 */
export const isErrorStatus = (u: unknown): u is ErrorStatus =>
  typeof u === 'number' && Number.isInteger(u) && u >= 400 && u <= 599

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// IANA's registry (RFC 9110 §15 and later RFCs); unregistered codes fall back to the class name.
const phrases: Readonly<Partial<Record<ErrorStatus, string>>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  510: 'Not Extended',
  511: 'Network Authentication Required',
}

/**
 * The reason phrase of a status: the standard text a masked 5xx shows instead of its message.
 *
 * @example
 * import { reason } from 'errmap'
 * assert.strictEqual(reason(503), 'Service Unavailable')
 * assert.strictEqual(reason(599), 'Server Error')
 *
 * @category utils
 * @since 0.1.0
 */
export const reason = (status: ErrorStatus): string =>
  phrases[status] ?? (status < 500 ? 'Client Error' : 'Server Error')

/**
 * The machine-readable code of a status: its reason phrase in `UPPER_SNAKE_CASE`.
 *
 * @example
 * import { codeOf } from 'errmap'
 * assert.strictEqual(codeOf(418), 'IM_A_TEAPOT')
 *
 * @category utils
 * @since 0.1.0
 */
export const codeOf = (status: ErrorStatus): string =>
  // A phrase holds letters, single spaces and one apostrophe (418's "I'm"), which joins.
  reason(status).toUpperCase().replaceAll(' ', '_').replaceAll("'", '')
