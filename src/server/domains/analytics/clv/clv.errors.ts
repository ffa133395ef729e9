/**
 * Why a CLV computation refused to answer. Analysts see these through the CLI;
 * an HTTP route would map them with the rest of Kemai's error codes.
 */
export type ClvErrorCode =
  | 'insufficient_data' // too few customers or repeat buyers to identify the model
  | 'invalid_data' // a row that cannot come from a purchase history (tx > T, negative x, amount ≤ 0 …)
  | 'invalid_parameters' // model parameters outside their domain (non-positive, non-finite)
  | 'non_finite_likelihood' // the likelihood is not finite at any point the optimiser tried
  | 'no_convergence'; // a series did not converge within its term budget

export class ClvError extends Error {
  override name = 'ClvError';
  readonly code: ClvErrorCode;

  constructor(code: ClvErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
