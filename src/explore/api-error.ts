/**
 * A request the explorer refuses: answered with `status` and the JSON body
 * `{error, field?, budget?}`. 400 names the query field and what was expected, 413 the budget or
 * cap, 429 the views this client already has running.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405 | 413 | 429,
    message: string,
    readonly field?: string,
    readonly budget?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): { error: string; field?: string; budget?: number } {
    return {
      error: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.budget !== undefined ? { budget: this.budget } : {}),
    };
  }
}
