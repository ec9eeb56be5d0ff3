import { Box, Typography } from '@mui/material';

export default function EmptyState({ title, children }) {
  return (
    <Box data-testid="empty-state" textAlign="center" py={4} px={2} color="text.secondary">
      <Typography variant="subtitle1" component="p" gutterBottom>
        {title}
      </Typography>
      {children}
    </Box>
  );
}
