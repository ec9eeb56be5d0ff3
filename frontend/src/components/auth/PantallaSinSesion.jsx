import { Box, Paper, Typography } from '@mui/material';
import config from '../../config';

/** The frame of a page reached without a session (login, password reset): a card with the clinic's name, centred. */
export default function PantallaSinSesion({ children }) {
  return (
    <Box minHeight="100vh" display="flex" alignItems="center" justifyContent="center" bgcolor="background.default" p={2}>
      <Paper component="main" elevation={2} sx={{ p: 4, width: '100%', maxWidth: 400 }}>
        <Typography variant="h5" component="h1" gutterBottom>
          {config.appName}
        </Typography>
        {children}
      </Paper>
    </Box>
  );
}
