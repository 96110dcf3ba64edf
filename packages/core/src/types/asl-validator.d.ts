declare module 'asl-validator' {
  interface AslValidationError {
    'Error code': string;
    Message: string;
    schemaError?: {
      instancePath?: string;
      schemaPath?: string;
      params?: Record<string, unknown>;
      message?: string;
    };
  }
  interface AslValidationResult {
    isValid: boolean;
    errors: AslValidationError[];
  }
  const validator: (definition: unknown, options?: Record<string, unknown>) => AslValidationResult;
  export default validator;
}
