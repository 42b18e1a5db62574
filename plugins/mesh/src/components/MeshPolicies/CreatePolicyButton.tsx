import Button from '@material-ui/core/Button';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import AddIcon from '@material-ui/icons/Add';
import type { MeshPolicyKind } from '@meshfleet/plugin-mesh-common';
import { useState } from 'react';
import { POLICY_KINDS } from './policyYaml';

/** "Create policy": a menu of the kinds, each opening the editor on an empty template. */
export function CreatePolicyButton(props: { onCreate(kind: MeshPolicyKind): void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        variant="contained"
        color="primary"
        size="small"
        startIcon={<AddIcon />}
        aria-haspopup="menu"
        onClick={event => setAnchor(event.currentTarget)}
      >
        Create policy
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)} keepMounted={false}>
        {POLICY_KINDS.map(({ kind }) => (
          <MenuItem
            key={kind}
            onClick={() => {
              setAnchor(null);
              props.onCreate(kind);
            }}
          >
            {kind}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
