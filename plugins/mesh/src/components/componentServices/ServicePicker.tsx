import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import { ComponentService } from '@meshfleet/plugin-mesh-common';
import { serviceKey } from './useComponentServices';

/** Which of a Component's mesh services a tab shows; plain text when there is one. */
export function ServicePicker(props: {
  services: ComponentService[];
  selected: ComponentService;
  onSelect(service: ComponentService): void;
}) {
  const { services, selected } = props;
  const label = (s: ComponentService) => `${s.namespace}/${s.name} in mesh ${s.meshTitle}`;
  if (services.length === 1) {
    return <Typography variant="subtitle1">{label(selected)}</Typography>;
  }
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 280 }}>
      <InputLabel id="mesh-service-picker">Service</InputLabel>
      <Select
        labelId="mesh-service-picker"
        label="Service"
        value={serviceKey(selected)}
        onChange={event => props.onSelect(services.find(s => serviceKey(s) === event.target.value)!)}
      >
        {services.map(s => (
          <MenuItem key={serviceKey(s)} value={serviceKey(s)}>
            {label(s)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
