import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import { useEffect, useState } from 'react';

/** How often auto-refresh reads again, when the user turned it on. */
export const AUTO_REFRESH_MS = 30_000;

/**
 * Reads again every {@link AUTO_REFRESH_MS} while `enabled`, which only the
 * user turns on (off by default): pages otherwise read once on mount and on
 * Refresh, and never poll on their own.
 *
 * @public
 */
export function useAutoRefresh(refresh: () => void, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const timer = setInterval(refresh, AUTO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, enabled]);
}

/**
 * Props of {@link RefreshControls}.
 *
 * @public
 */
export interface RefreshControlsProps {
  onRefresh(): void;
  loading?: boolean;
}

/**
 * A Refresh button and an "Auto-refresh" switch (off by default; while on,
 * `onRefresh` runs every 30 seconds).
 *
 * @public
 */
export function RefreshControls(props: RefreshControlsProps) {
  const [auto, setAuto] = useState(false);
  useAutoRefresh(props.onRefresh, auto);
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <FormControlLabel
        control={<Switch size="small" checked={auto} onChange={(_, checked) => setAuto(checked)} color="primary" />}
        label="Auto-refresh (30 s)"
      />
      <Button variant="outlined" size="small" onClick={props.onRefresh} disabled={props.loading}>
        Refresh
      </Button>
    </Box>
  );
}
