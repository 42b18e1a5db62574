export { isMeshComponent } from './filters';
export { useComponentServices, serviceKey } from './useComponentServices';
export type { ComponentServicesState } from './useComponentServices';
export { ServicePicker } from './ServicePicker';
export { NotInMesh } from './NotInMesh';
export { ChoiceSelect, WINDOW_CHOICES, RANGE_CHOICES, GROUPING_CHOICES } from './ChoiceSelect';
export { ComponentServiceContent } from './ComponentServiceContent';
