// How a web client uses the generated types: request and response bodies checked against the contract.
import type { components, paths } from './personalization-api';

type Recommendations = components['schemas']['RecommendationsResponse'];
type ConsentBody = paths['/v1/users/{userId}/consent']['put']['requestBody'];

export async function recommendations(api: string, token: string, userId: string): Promise<Recommendations> {
  const response = await fetch(`${api}/v1/users/${encodeURIComponent(userId)}/recommendations?count=5`, {
    headers: { 'X-Api-Key': token },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Recommendations;
}

export const grant: NonNullable<ConsentBody>['content']['application/json'] = {
  purposes: { personalization: true },
  policyVersion: '2026-11',
  source: 'privacy-centre',
};
