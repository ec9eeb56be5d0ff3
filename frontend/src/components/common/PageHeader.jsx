import { Box, Typography } from '@mui/material';

export default function PageHeader({ title, subtitle, actions }) {
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" gap={2} mb={2}>
      <Box flexGrow={1}>
        <Typography variant="h5" component="h1">
          {title}
        </Typography>
        {subtitle && (
          <Typography variant="body2" color="text.secondary">
            {subtitle}
          </Typography>
        )}
      </Box>
      {actions && (
        <Box display="flex" gap={1} flexWrap="wrap">
          {actions}
        </Box>
      )}
    </Box>
  );
}
