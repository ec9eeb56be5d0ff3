import { Alert, Button } from '@mui/material';

/** Shows the Spanish message of an ApiError (or a string). */
export default function ErrorAlert({ error, onRetry, onClose, sx, children }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  return (
    <Alert
      severity="error"
      role="alert"
      data-testid="error-alert"
      sx={{ mb: 2, ...sx }}
      onClose={onClose}
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Reintentar
          </Button>
        ) : undefined
      }
    >
      {message}
      {children}
    </Alert>
  );
}
