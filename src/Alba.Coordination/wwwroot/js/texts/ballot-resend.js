// Texts of a delegate's secret ballot after it was cast: sent again, found on the board, lost at the closing (js/ballot-resend.js).
import { addTexts } from "../i18n.js";

addTexts({
  es: {
    ballotResending: "Su papeleta se está enviando de nuevo: el servidor que la recibió pudo detenerse antes de publicarla en el tablero.",
    ballotOnBoard: "Su papeleta está en el tablero, en el lugar {place}.",
    ballotLost: "La votación se cerró sin que su papeleta llegara al tablero: se contó como perdida.",
    ballotRefused: "El servidor no volvió a aceptar su papeleta: no coincide con la que el registro anotó cuando votó. Si la votación se cierra sin ella, contará como perdida.",
  },
  en: {
    ballotResending: "Your ballot is being sent again: the server that received it may have stopped before posting it to the board.",
    ballotOnBoard: "Your ballot is on the board, at place {place}.",
    ballotLost: "The vote closed without your ballot reaching the board: it was counted as lost.",
    ballotRefused: "The server did not take your ballot again: it does not match what the register recorded when you voted. If the vote closes without it, it counts as lost.",
  },
  pt: {
    ballotResending: "Sua cédula está sendo enviada de novo: o servidor que a recebeu pode ter parado antes de publicá-la no quadro.",
    ballotOnBoard: "Sua cédula está no quadro, na posição {place}.",
    ballotLost: "A votação foi encerrada sem que sua cédula chegasse ao quadro: ela foi contada como perdida.",
    ballotRefused: "O servidor não aceitou sua cédula de novo: ela não corresponde ao que o registro anotou quando você votou. Se a votação for encerrada sem ela, contará como perdida.",
  },
  fr: {
    ballotResending: "Votre bulletin est renvoyé : le serveur qui l'a reçu a pu s'arrêter avant de le publier au tableau.",
    ballotOnBoard: "Votre bulletin est au tableau, à la place {place}.",
    ballotLost: "Le vote a été clos sans que votre bulletin n'arrive au tableau : il a été compté comme perdu.",
    ballotRefused: "Le serveur n'a pas repris votre bulletin : il ne correspond pas à ce que le registre a noté quand vous avez voté. Si le vote est clos sans lui, il comptera comme perdu.",
  },
});
