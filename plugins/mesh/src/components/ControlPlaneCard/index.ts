export { ControlPlaneHealthCard } from './ControlPlaneHealthCard';
