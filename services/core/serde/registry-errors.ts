import { SwitchyardError } from '../errors.ts';
import type { RegistryFailure } from './registry-store.ts';

export function registryFailureError(failure: RegistryFailure): SwitchyardError {
  switch (failure.kind) {
    case 'invalid_schema':
      return new SwitchyardError('schema.invalid', failure.message, { retriable: false });
    case 'incompatible':
      return new SwitchyardError('schema.incompatible', failure.message, { retriable: false });
    default: {
      const unknownFailure: never = failure;
      throw new Error(`unknown registry failure ${JSON.stringify(unknownFailure)}`);
    }
  }
}

export function unknownSchemaIdError(id: number): SwitchyardError {
  return new SwitchyardError('schema.unknown_id', `no schema with id ${id} in the registry`, { retriable: false });
}
