import {
  DigPermitCreatedSchema,
  ExcavationCheckSchema,
  type DigPermitCreated,
  type DigPermitRequest,
  type ExcavationCheck,
  type ExcavationRequest,
} from '../../../core/contracts/excavation.js';
import { requestJson } from '../../api/request.js';

/** The dig-safe check of a trench or pit. */
export function checkDig(body: ExcavationRequest): Promise<ExcavationCheck> {
  return requestJson(ExcavationCheckSchema, '/api/excavations/check', { method: 'POST', body });
}

/** Saves a dig as a permit (coordination tasks go to each affected utility's crew). */
export function savePermit(body: DigPermitRequest): Promise<DigPermitCreated> {
  return requestJson(DigPermitCreatedSchema, '/api/excavations', { method: 'POST', body });
}
