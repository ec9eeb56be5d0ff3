// Phone-sized screens (under MUI's `sm`, 600 px: a 390 × 844 phone) get stacked cards instead of tables and
// full-screen dialogs; tablets (820 × 1180) keep the tables, scrolling inside their own container when wide.
import { useMediaQuery } from '@mui/material';
import { useTheme } from '@mui/material/styles';

/** True on a phone-sized screen. */
export default function useTelefono() {
  const theme = useTheme();
  return useMediaQuery(theme.breakpoints.down('sm'));
}
