/**
 * Builders of node and credential descriptions, with named options (as n8n's Microsoft Teams v2
 * `rlc.builder.ts`): what the vendors share is written once here and declared with data.
 */
export { collectionField, dynamicOptionsField, phoneNumberField, type DynamicOptionsOptions } from './fields';
export { appKeyField, appSecretField, baseUrlField } from './credentials';
export { callingJobLocator, resourceLocator, type LocatorOptions } from './locator';
export { stateChangeOperation, type StateChangeOptions } from './stateChange';
export { CALLBACK_WEBHOOK, callbackNotice, callbackTriggerBasics } from './trigger';
export { readWorkingHours, workingHoursFields, type WorkingHoursOptions } from './workingHours';
