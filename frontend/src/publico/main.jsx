// The public pages' entry (publico.html, served at /c/<token>, /o/<token> and /reservar): a bundle of its own, so that patients
// never download the staff application.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import Publico from './Publico';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <Publico ruta={window.location.pathname} />
  </StrictMode>,
);
